// Types for the TypeScript callers of build-server.mjs (plain Node, so `npm start` needs no compiler to run it).
export function serverBuildIsCurrent(): boolean;
export function buildServer(): void;
export function buildBenchServer(): string;
