import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerDrift, type ImageDefaults } from './container-drift';

const SECOND = 1e9;
const image: ImageDefaults = {
  Id: 'sha256:img',
  Config: {
    Cmd: ['sh'],
    Env: ['PATH=/bin'],
    Labels: { 'org.example.built': 'yes' },
    Volumes: { '/var/lib/data': {} },
  },
};

/** What docker compose v1 made for `web` (the shape `docker inspect` gives), before any change. */
function composeMade(): Docker.ContainerInspectInfo {
  return {
    Image: 'sha256:img',
    Config: {
      Cmd: ['httpd', '-f'],
      Entrypoint: null,
      Env: ['FOO=bar', 'PATH=/bin'],
      Labels: {
        'org.example.built': 'yes',
        team: 'a',
        'com.docker.compose.project': 'demo',
        'com.docker.compose.service': 'web',
        'com.docker.compose.config-hash': 'v1-hash',
        'com.docker.compose.version': '1.29.2',
      },
      User: '',
      WorkingDir: '',
      Hostname: '0123456789ab',
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 30 * SECOND },
      StopTimeout: 10,
    },
    HostConfig: {
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      Binds: ['demo_data:/data:rw'],
      Memory: 64 * 1024 * 1024,
      NetworkMode: 'demo_default',
      RestartPolicy: { Name: '', MaximumRetryCount: 0 },
      ShmSize: 64 * 1024 * 1024,
      CapAdd: null,
      LogConfig: { Type: 'json-file', Config: {} },
    },
    Mounts: [
      {
        Type: 'volume',
        Name: 'demo_data',
        Source: '/var/lib/docker/volumes/demo_data/_data',
        Destination: '/data',
        RW: true,
      },
      {
        Type: 'volume',
        Name: 'f00d',
        Source: '/var/lib/docker/volumes/f00d/_data',
        Destination: '/var/lib/data',
        RW: true,
      },
    ],
    NetworkSettings: { Networks: { demo_default: { Aliases: ['web', '0123456789ab'] } } },
  } as unknown as Docker.ContainerInspectInfo;
}

/** What the app would create for the same service (containerCreateOptions' shape). */
function appWould(): Docker.ContainerCreateOptions {
  return {
    name: 'demo-web-1',
    Image: 'web-image:1',
    Cmd: ['httpd', '-f'],
    Env: ['FOO=bar'],
    Labels: {
      team: 'a',
      'com.docker.compose.project': 'demo',
      'com.docker.compose.config-hash': 'app-hash',
      'ai.sutazai.profiles': '',
    },
    Healthcheck: {
      Test: ['CMD-SHELL', 'true'],
      Interval: 30 * SECOND,
      Timeout: 30 * SECOND,
      Retries: 3,
      StartPeriod: 0,
    },
    StopTimeout: 10,
    HostConfig: {
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] },
      Binds: [],
      Mounts: [{ Type: 'volume', Target: '/data', Source: 'demo_data', ReadOnly: false }],
      Memory: 64 * 1024 * 1024,
      RestartPolicy: { Name: '' },
      OomScoreAdj: 500,
      CapAdd: [],
      CapDrop: [],
      SecurityOpt: [],
      ExtraHosts: [],
      Ulimits: [],
      NetworkMode: 'demo_default',
      Privileged: false,
      Devices: [],
      DeviceRequests: [],
    },
    NetworkingConfig: { EndpointsConfig: { demo_default: { Aliases: ['web'] } } },
  };
}

const drift = (
  want: Docker.ContainerCreateOptions,
  have: Docker.ContainerInspectInfo,
  extraNetworks: Record<string, string[]> = {},
) => containerDrift({ create: want, extraNetworks }, have, image, () => undefined);

describe('containerDrift', () => {
  it('finds nothing when compose made what the app would make, after the engine merged in the image', () => {
    // The image's env, labels, anonymous volume and compose's own labels, the healthcheck's default
    // timeout and retries, and the oom_score_adj the app would add are no difference.
    expect(drift(appWould(), composeMade())).toEqual([]);
  });

  it('names each setting that differs', () => {
    const have = composeMade();
    have.Config.Env = ['FOO=baz', 'PATH=/bin', 'EXTRA=1'];
    have.Config.Labels!.team = 'b';
    have.HostConfig.PortBindings = { '8080/tcp': [{ HostIp: '', HostPort: '18080' }] };
    have.HostConfig.Memory = 0;
    expect(drift(appWould(), have)).toEqual([
      'environment FOO',
      'environment EXTRA',
      'label team',
      'ports',
      'mem_limit',
    ]);
  });

  it('applies the engine merge of command and entrypoint: an entrypoint given drops the image command', () => {
    const want = { ...appWould(), Cmd: undefined, Entrypoint: ['/init'] } as Docker.ContainerCreateOptions;
    const have = composeMade();
    have.Config.Entrypoint = ['/init'];
    have.Config.Cmd = null as unknown as string[];
    expect(drift(want, have)).toEqual([]);
    have.Config.Cmd = ['sh'];
    expect(drift(want, have)).toEqual(['command']);
    // Without an entrypoint, the image's command is the command.
    expect(drift({ ...appWould(), Cmd: undefined } as Docker.ContainerCreateOptions, have)).toEqual(['entrypoint']);
  });

  it('compares healthchecks with the engine defaults filled in', () => {
    const have = composeMade();
    have.Config.Healthcheck = { Test: ['CMD-SHELL', 'true'], Interval: 30 * SECOND, Retries: 5 };
    expect(drift(appWould(), have)).toEqual(['healthcheck']);
    have.Config.Healthcheck = { Test: ['NONE'] };
    expect(drift({ ...appWould(), Healthcheck: { Test: ['NONE'] } }, have)).toEqual([]);
  });

  it('tells a named volume from the image anonymous one, and a read-only bind from a writable one', () => {
    const have = composeMade();
    have.Mounts.push({ Type: 'bind', Source: '/srv/conf', Destination: '/conf', RW: true } as never);
    const want = appWould();
    want.HostConfig!.Mounts!.push({ Type: 'bind', Target: '/conf', Source: '/srv/conf', ReadOnly: true });
    expect(drift(want, have)).toEqual(['mounts /conf']);
    have.Mounts[1] = { ...have.Mounts[1]!, Name: 'other_volume', Destination: '/cache' };
    expect(drift(want, have)).toEqual(['mounts /conf', 'mounts /cache']);
  });

  it('checks every network the service joins, with its aliases', () => {
    const have = composeMade();
    expect(drift(appWould(), have, { demo_back: ['web'] })).toEqual(['networks demo_back']);
    have.NetworkSettings.Networks.demo_back = { Aliases: ['web', 'db-alias'] } as never;
    expect(drift(appWould(), have, { demo_back: ['web'] })).toEqual([]);
    expect(drift(appWould(), have, { demo_back: ['web', 'api'] })).toEqual(['networks demo_back aliases']);
  });

  it('resolves a shared network namespace by container, whichever way each side names it', () => {
    const want = appWould();
    want.HostConfig!.NetworkMode = 'container:demo-db-1';
    const have = composeMade();
    have.HostConfig.NetworkMode = 'container:4f5e6d';
    have.NetworkSettings.Networks = {};
    const ids: Record<string, string> = { 'demo-db-1': '4f5e6d', '4f5e6d': '4f5e6d' };
    const result = containerDrift({ create: want, extraNetworks: {} }, have, image, (ref) => ids[ref]);
    expect(result).toEqual([]);
    ids['4f5e6d'] = 'another';
    expect(containerDrift({ create: want, extraNetworks: {} }, have, image, (ref) => ids[ref])).toEqual([
      'network_mode',
    ]);
  });

  it('counts a container running another image as different', () => {
    const have = composeMade();
    have.Image = 'sha256:older';
    expect(drift(appWould(), have)).toEqual(['image']);
    expect(
      containerDrift({ create: appWould(), extraNetworks: {} }, composeMade(), undefined, () => undefined),
    ).toContain('image');
  });
});
