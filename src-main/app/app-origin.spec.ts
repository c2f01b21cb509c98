import { describe, expect, it } from 'vitest';
import { APP_ENTRY, rendererFileFor, trustedUrlCheck } from './app-origin';

describe('trustedUrlCheck', () => {
  const isApp = trustedUrlCheck();

  it('trusts exactly the app:// origin', () => {
    expect(isApp(APP_ENTRY)).toBe(true);
    expect(isApp('app://renderer/index.html#/chat-window')).toBe(true);
    expect(isApp('app://renderer/assets/index-abc.js')).toBe(true);
    for (const url of [
      'app://renderer.evil.example/index.html',
      'app://evil@renderer/index.html',
      'app://renderer:8080/index.html',
      'app://other/index.html',
      'file:///opt/SutazAI/resources/app.asar/out/renderer/index.html',
      'http://127.0.0.1:7820/',
      'https://renderer/index.html',
    ]) {
      expect(isApp(url), url).toBe(false);
    }
  });

  it('never throws, whatever it is given', () => {
    for (const odd of [
      '',
      '%',
      '::',
      'app://',
      'app:',
      'app://[',
      'a'.repeat(100_000),
      undefined,
      null,
      42,
      {},
      ['app://renderer/'],
    ]) {
      expect(() => isApp(odd)).not.toThrow();
      expect(isApp(odd)).toBe(false);
    }
  });

  it('trusts only the dev server origin during development', () => {
    const isDev = trustedUrlCheck('http://localhost:5173/');
    expect(isDev('http://localhost:5173/#/stack')).toBe(true);
    expect(isDev('http://localhost:5174/')).toBe(false);
    expect(isDev('http://localhost:5173.evil.example/')).toBe(false);
    expect(isDev(APP_ENTRY)).toBe(false);
  });
});

describe('rendererFileFor', () => {
  const root = '/opt/app/out/renderer';

  it('maps app:// paths into the renderer folder', () => {
    expect(rendererFileFor(root, APP_ENTRY)).toBe('/opt/app/out/renderer/index.html');
    expect(rendererFileFor(root, 'app://renderer/')).toBe('/opt/app/out/renderer/index.html');
    expect(rendererFileFor(root, 'app://renderer/assets/a%20b.js?x=1#y')).toBe('/opt/app/out/renderer/assets/a b.js');
  });

  it('serves nothing outside it', () => {
    expect(rendererFileFor(root, 'app://renderer/../../../etc/passwd')).toBe('/opt/app/out/renderer/etc/passwd');
    // The URL parser resolves encoded dot segments itself: still inside the folder.
    expect(rendererFileFor(root, 'app://renderer/%2e%2e/%2e%2e/secret')).toBe('/opt/app/out/renderer/secret');
    expect(rendererFileFor(root, 'app://renderer/..%2f..%2fsecret')).toBeUndefined();
    expect(rendererFileFor(root, 'app://renderer/%00.js')).toBeUndefined();
    expect(rendererFileFor(root, 'app://renderer/%E0%A4%A')).toBeUndefined();
    expect(rendererFileFor(root, 'app://other/index.html')).toBeUndefined();
    expect(rendererFileFor(root, 'file:///etc/passwd')).toBeUndefined();
  });
});
