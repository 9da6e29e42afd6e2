// Writes a site ready to take the real national catalogue: the demo site's `config.toml` (its
// commune, posters and disclosure settings) and its content except the procedures
// (`content/thu-tuc/`), which `niemyet import` then fills from the national export. The site
// uses the default theme built into the binary, as a commune's site does.
//
// Usage: node catalogue-site.mjs DEMO_ROOT FOLDER (FOLDER is created or emptied).

import fs from 'node:fs';
import path from 'node:path';

const [demo, dir] = process.argv.slice(2);
if (!demo || !dir) {
  console.error('usage: node catalogue-site.mjs DEMO_ROOT FOLDER');
  process.exit(2);
}
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(path.join(demo, 'config.toml'), path.join(dir, 'config.toml'));
fs.cpSync(path.join(demo, 'content'), path.join(dir, 'content'), {
  recursive: true,
  filter: (src) => path.relative(path.join(demo, 'content'), src) !== 'thu-tuc',
});
if (fs.existsSync(path.join(demo, 'static'))) {
  fs.cpSync(path.join(demo, 'static'), path.join(dir, 'static'), { recursive: true });
}
console.log(`wrote the demo site without its procedures to ${dir}`);
