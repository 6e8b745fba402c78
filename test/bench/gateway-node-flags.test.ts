import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../scripts/bench/start-processes';

const ROOT = join(__dirname, '..', '..');

// The bench must measure the process users run: npm start and the container
// start the gateway with the same node flags as the bench does.
describe('the gateway node flags', () => {
  it('npm start runs dist/core/main.js with the flags the bench uses', () => {
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    expect(start).toBe(`exec node ${GATEWAY_NODE_FLAGS.join(' ')} dist/core/main.js`);
  });

  it("the container's CMD runs it with the same flags", () => {
    const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').match(/^CMD (\[.*\])$/m);
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'dist/core/main.js']);
  });
});
