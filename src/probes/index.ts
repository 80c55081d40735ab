/** What we measure inside a network: kernels, attention per head, weight movement, coordinate sizes, snapshots. (reached as tl.probes.…; the researcher's vocabulary is also at the package root). */
export * from './attention';
export * from './coordinates';
export * from './kernels';
export * from './movement';
export * from './probe';
export * from './read';
export * from './snapshot';
