import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Child-process tests run the built gateway (`npm start` runs the same files).
export default function buildOnce(): void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/copy-plugin-manifests.cjs')], { cwd: root, stdio: 'inherit' });
}
