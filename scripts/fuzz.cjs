// `npm run fuzz -- --runs 20000 [--seed N]`: the fuzz test of `npm test`, for
// longer, printing how many requests of each kind got which status.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

function parseArgs(argv) {
  const options = { runs: '20000', seed: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if ((flag !== '--runs' && flag !== '--seed') || value === undefined || !/^-?\d+$/.test(value)) {
      process.stderr.write(`Usage: npm run fuzz -- [--runs N] [--seed N]\n`);
      process.exit(2);
    }
    options[flag.slice(2)] = value;
  }
  return options;
}

const { runs, seed } = parseArgs(process.argv.slice(2));
const root = join(__dirname, '..');
const result = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), 'test/fuzz'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_REPORT: '1', ...(seed ? { FUZZ_SEED: seed } : {}) },
});
process.exit(result.status ?? 1);
