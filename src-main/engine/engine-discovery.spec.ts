import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { discoverEngine } from './engine-discovery';

const files = (map: Record<string, string>) => (p: string) => {
  const v = map[p];
  if (v === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return v;
};

describe('discoverEngine', () => {
  it('uses DOCKER_HOST before anything else, with TLS settings', () => {
    const e = discoverEngine({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      exists: () => true,
    });
    expect(e).toMatchObject({
      url: 'tcp://10.0.0.5:2376',
      source: 'DOCKER_HOST',
      tls: { verify: true, certPath: '/certs' },
    });
  });

  it('follows the current docker context from config.json', () => {
    const id = createHash('sha256').update('colima').digest('hex');
    const e = discoverEngine({
      env: {},
      home: '/home/u',
      exists: () => false,
      readFile: files({
        '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'colima' }),
        [`/home/u/.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({
          Endpoints: { docker: { Host: 'unix:///home/u/.colima/default/docker.sock' } },
        }),
      }),
    });
    expect(e).toMatchObject({
      url: 'unix:///home/u/.colima/default/docker.sock',
      source: 'context',
      context: 'colima',
    });
  });

  it('lets DOCKER_CONTEXT override the config file, and ignores the default context', () => {
    const id = createHash('sha256').update('remote').digest('hex');
    const read = files({
      '/h/.docker/config.json': JSON.stringify({ currentContext: 'default' }),
      [`/h/.docker/contexts/meta/${id}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'ssh://me@box' } } }),
    });
    expect(
      discoverEngine({ env: { DOCKER_CONTEXT: 'remote' }, home: '/h', exists: () => false, readFile: read }).url,
    ).toBe('ssh://me@box');
    expect(discoverEngine({ env: {}, home: '/h', platform: 'linux', exists: () => false, readFile: read }).source).toBe(
      'default-socket',
    );
  });

  it('picks the first existing well-known socket: rootless, Podman, Colima', () => {
    const at = (path: string) =>
      discoverEngine({
        env: { XDG_RUNTIME_DIR: '/run/user/1000' },
        home: '/home/u',
        platform: 'linux',
        exists: (p) => p === path,
        readFile: files({}),
      });
    expect(at('/run/user/1000/docker.sock').url).toBe('unix:///run/user/1000/docker.sock');
    expect(at('/run/user/1000/podman/podman.sock').url).toBe('unix:///run/user/1000/podman/podman.sock');
    expect(at('/home/u/.colima/default/docker.sock').tried).toContain('unix:///var/run/docker.sock');
    expect(
      discoverEngine({
        env: {},
        home: '/Users/u',
        platform: 'darwin',
        exists: (p) => p === '/Users/u/.docker/run/docker.sock',
        readFile: files({}),
      }).url,
    ).toBe('unix:///Users/u/.docker/run/docker.sock');
  });

  it('names every socket it tried when none exists', () => {
    const e = discoverEngine({
      env: {},
      home: '/home/u',
      platform: 'linux',
      uid: 1000,
      exists: () => false,
      readFile: files({}),
    });
    expect(e.url).toBe('unix:///var/run/docker.sock');
    expect(e.tried.length).toBeGreaterThan(5);
    expect(e.tried).toContain('unix:///run/user/1000/docker.sock');
  });

  it('uses named pipes on Windows', () => {
    expect(discoverEngine({ env: {}, platform: 'win32', home: 'C:/Users/u', readFile: files({}) }).url).toBe(
      'npipe:////./pipe/docker_engine',
    );
  });
});
