/**
 * Prints what the admin's login page loads, compressed as the service sends it, against a running service:
 * `node -r @swc-node/register server/bench/login-bundle.bench.ts [http://localhost:4000]`.
 */
import { loginPageSizes, totalOf } from './login-bundle';

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);

async function main(): Promise<void> {
  const baseUrl = process.argv[2] ?? 'http://localhost:4000';
  const sizes = await loginPageSizes(baseUrl);
  console.log(`${baseUrl}/admin/login loads, as served:${' '.repeat(12)}uncompressed       gzip     brotli`);
  for (const size of sizes) {
    console.log(
      `  ${size.path.padEnd(52)} ${kilobytes(size.identity)} ${kilobytes(size.gzip)} ${kilobytes(size.brotli)}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(52)} ${kilobytes(totalOf(sizes, 'identity'))} ${kilobytes(totalOf(sizes, 'gzip'))} ${kilobytes(totalOf(sizes, 'brotli'))}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
