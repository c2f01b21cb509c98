import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from './compose-loader';

const dir = mkdtempSync(join(tmpdir(), 'sutazai-compose-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads one file called compose.yml and returns the one error it gives. */
function errorOf(yaml: string, env: Record<string, string> = {}): string {
  writeFileSync(join(dir, 'compose.yml'), yaml);
  try {
    loadProject({ files: [join(dir, 'compose.yml')], displayRoot: dir, env });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

const good = `services:
  web:
    image: nginx:1.27
    environment:
      A: "1"
    ports: ["127.0.0.1:8080:80"]
    depends_on: [db]
  db:
    image: postgres:16
`;

describe('malformed compose files give one file:line error each', () => {
  it('loads the well-formed original', () => {
    writeFileSync(join(dir, 'compose.yml'), good);
    expect(Object.keys(loadProject({ files: [join(dir, 'compose.yml')], env: {} }).services)).toEqual(['db', 'web']);
  });

  it('tab indentation', () => {
    expect(errorOf(good.replace('    image: postgres:16', '\timage: postgres:16'))).toMatch(
      /^compose\.yml:9: invalid YAML: /,
    );
  });

  it('an unknown key, with the key it is closest to', () => {
    expect(errorOf(good.replace('    environment:', '    enviroment:'))).toBe(
      "compose.yml:4: services.web.enviroment: unknown key; did you mean 'environment'?",
    );
  });

  it('a typo in services', () => {
    expect(errorOf(good.replace('services:', 'service:'))).toBe(
      "compose.yml:1: service: unknown key; did you mean 'services'?",
    );
  });

  it('a dependency cycle, at the depends_on entry that closes it', () => {
    expect(
      errorOf(
        good.replace(
          '    image: postgres:16',
          '    image: postgres:16\n    depends_on: {web: {condition: service_started}}',
        ),
      ),
    ).toBe('compose.yml:10: services.db.depends_on.web: dependency cycle: db -> web -> db');
  });

  it('a missing required variable', () => {
    expect(errorOf(good.replace('nginx:1.27', 'nginx:${NGINX_TAG:?set NGINX_TAG}'))).toBe(
      'compose.yml:3: services.web.image: required variable NGINX_TAG is missing: set NGINX_TAG',
    );
  });

  it('a duplicate key', () => {
    expect(errorOf(good.replace('    image: postgres:16', '    image: postgres:16\n    image: postgres:17'))).toMatch(
      /^compose\.yml:10: invalid YAML: Map keys must be unique/,
    );
  });

  it('a bad port', () => {
    expect(errorOf(good.replace('127.0.0.1:8080:80', '80:80:80:80'))).toBe(
      "compose.yml:6: services.web.ports[0]: '80:80:80:80' is not a port mapping (host address '80:80' is not an IPv4 or IPv6 address)",
    );
    expect(errorOf(good.replace('127.0.0.1:8080:80', '1.2.3:80:80'))).toMatch(
      /host address '1\.2\.3' is not an IPv4 or IPv6 address/,
    );
    expect(errorOf(good.replace('127.0.0.1:8080:80', '8000-8002:80-81'))).toMatch(
      /the host range has 3 ports, the container range 2/,
    );
  });

  it('a value of the wrong type, as the schema says', () => {
    expect(errorOf(good.replace('    ports: ["127.0.0.1:8080:80"]', '    ports: 8080'))).toBe(
      'compose.yml:6: services.web.ports: must be a list',
    );
    expect(errorOf(good.replace('      A: "1"', '      - [nested]'))).toMatch(
      /^compose\.yml:5: services\.web\.environment\[0\]: must be /,
    );
  });

  it('an unset variable that empties a value is named in the error', () => {
    expect(errorOf(good.replace('    ports:', '    volumes: ["${UPLOAD_LOCATION}:/data"]\n    ports:'))).toBe(
      "compose.yml:6: services.web.volumes[0]: ':/data' has an empty source (UPLOAD_LOCATION is not set)",
    );
    expect(errorOf(good.replace('nginx:1.27', 'n8nio/n8n:${N8N_VERSION}'))).toBe(
      "compose.yml:3: services.web.image: 'n8nio/n8n:' is not an image reference (name[:tag][@digest]) (N8N_VERSION is not set)",
    );
  });

  it('the same container path mounted twice', () => {
    expect(errorOf(good.replace('    ports:', '    volumes: ["./a:/data", "./b:/data:ro"]\n    ports:'))).toBe(
      "compose.yml:6: services.web.volumes[1]: '/data' is mounted twice (also by volumes[0])",
    );
  });
});
