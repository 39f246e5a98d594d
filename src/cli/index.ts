// The `clinidesk` command line's entry; its commands are in commands.ts. This module imports next to nothing on
// purpose: a first `serve` on the embedded database begins loading the demo hospital, in a process of its own
// (demo-apart.ts), before this process loads the server's ~700 modules (~1.3 s), so the two go on side by side.
import { beginDemoLoad } from '../demo-apart.ts';

beginDemoLoad(process.argv.slice(2), process.env);
await import('./commands.ts');
