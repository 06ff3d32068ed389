/** The ES module: `import { mount } from 'https://API_HOST/widget.mjs'`. */
export { mount, type MountOptions } from './mount.js';
