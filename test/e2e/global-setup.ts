import buildOnce from '../build-once';
import { locateClaudeCli } from './locate-claude-cli';

export default function globalSetup(): void {
  buildOnce();
  const cli = locateClaudeCli();
  process.stdout.write(`\ne2e: Claude Code ${cli.version} at ${cli.path}\n`);
}
