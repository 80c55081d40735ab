/** Analysis: statistics and KS tests, power-law fits, finite-size extrapolation, kernel density estimates, DataFrames, seed groups, coordinate checks. (reached as tl.analysis.…; the researcher's vocabulary is also at the package root). */
export * from './coordinate-check';
export * from './dataframe';
export * from './finite-size';
export * from './fit';
export * from './groups';
export * from './kde';
export * from './statistics';
