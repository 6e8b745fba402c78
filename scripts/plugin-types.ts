// `npm run plugin-types [-- --config PATH]`: writes each plugin's settings.generated.ts
// (its `Settings` type) from its manifest.json. The npm script compiles without
// type-checking first, so it runs while a handler already names a setting the
// generated type does not have yet.
import { pluginTypes } from './plugin-types/plugin-types-command';

if (require.main === module) {
  pluginTypes(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`plugin-types: ${error.message}\n`);
      process.exit(1);
    },
  );
}
