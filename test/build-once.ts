import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Child-process tests run the built gateway (`npm start` runs the same files),
// and the demo and bench tests their built tools (dist-tools/).
export default function buildOnce(): void {
  const root = join(__dirname, '..');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/copy-plugin-manifests.cjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.tools.json'], { cwd: root, stdio: 'inherit' });
}
