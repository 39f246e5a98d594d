// Types for the TypeScript callers of server-flags.mjs (plain Node, so `npm start` needs no compiler to run it).
export const SERVER_NODE_FLAGS: readonly string[];
