export * from './backend';
export * from './theory/random';
export * from './analysis/statistics';
export * from './analysis/fit';
export * from './plot';
export * from './notebook';
