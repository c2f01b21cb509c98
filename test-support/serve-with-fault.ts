import { runCli } from '../src-main/cli/run-cli';

/**
 * Runs `sutazai serve` in this process, as the CLI does, and once it has printed its URL makes the
 * process fail the way a bug in the core would: `reject` leaves a promise rejection unhandled,
 * `throw` throws from a timer callback. Used to check the host's last-resort handler.
 */
const [mode, ...args] = process.argv.slice(2);

function fail(): void {
  setTimeout(() => {
    if (mode === 'reject') void Promise.reject(new Error('a rejection nobody handled'));
    else if (mode === 'throw') {
      setTimeout(() => {
        throw new Error('an exception nobody caught');
      });
    }
    process.stdout.write(`failure made: ${mode}\n`);
  }, 50);
}

void runCli(['serve', ...args], {
  out: (text) => {
    process.stdout.write(text);
    if (text.startsWith('SutazAI Control Center at ')) fail();
  },
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: false,
}).then((code) => {
  process.exitCode = code;
});
