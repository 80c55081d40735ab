/** The spec, its validation, presets, the scale factors and the parameter table it resolves to. (reached as tl.spec.…; the researcher's vocabulary is also at the package root). */
export * from './describe';
export * from './families';
export * from './presets';
export * from './resolve';
export * from './scales';
export * from './types';
export * from './validate';
