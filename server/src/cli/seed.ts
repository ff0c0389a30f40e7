import { parseArgs } from 'node:util';
import { loadSeeds } from '../transcripts/seed';
import { openCli, runCli } from './bootstrap';

const USAGE = `Usage: npm run seed [-- --force]

Loads the seed interviews in seeds/ (listed in seeds/seeds.json). Interviews already loaded are kept as
they are, editors' corrections included; --force re-imports them from the seed files.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cli = await openCli();
  try {
    const reports = await loadSeeds(cli.services, cli.config.seedsDir, {
      force: values.force,
      onProgress: (report, index, total) => {
        const detail =
          report.outcome === 'kept'
            ? 'already loaded, kept as it is (use --force to re-import)'
            : `${report.outcome}, ${report.entries} entries`;
        process.stdout.write(`[${index + 1}/${total}] ${report.file}: "${report.title}" ${detail}\n`);
      },
    });
    const changed = reports.filter((r) => r.outcome !== 'kept').length;
    process.stdout.write(`${changed} of ${reports.length} seed interviews written.\n`);
    return 0;
  } finally {
    await cli.close();
  }
}

runCli(main);
