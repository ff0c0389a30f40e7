import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../test/support/process';

describe('operations files', () => {
  it('docker compose restarts the service and its database if they die', () => {
    const compose = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    // Each service block runs from its name to the next line indented as little.
    const services = compose.split('\nservices:\n')[1].split(/\n(?=\S)/)[0];
    for (const name of ['app', 'mongo']) {
      const block = new RegExp(`\\n  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`).exec(`\n${services}\n`)?.[1];
      expect(block).toBeDefined();
      expect(block).toMatch(/^ {4}restart: (unless-stopped|always|on-failure)$/m);
    }
  });

  it('has a LICENSE matching the license package.json declares', () => {
    const { license } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      license: string;
    };
    expect(license).toBe('MIT');
    const text = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The Transcripts authors\n/);
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});
