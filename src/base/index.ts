/** The base layer below nn/, data/ and theory/: seeded random streams, small symmetric linear algebra, names, paths (reached as tl.base.…). */
export * from './linalg';
export * from './names';
export * from './paths';
export * from './random';
