// Shared by the built-in queues and the saved views down the side of the console.
export const NAV_STYLES = { label: { lineHeight: 1.3 }, root: { paddingInline: 10 } } as const;

/** The router marks a link current when the address merely contains its search; which view is current is decided by
 * the lists themselves (a saved view outranks its built-in queue), so the router's own marking needs an exact match. */
export const EXACT = { exact: true } as const;
