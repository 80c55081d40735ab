/** Model builders composed from nn/. (reached as tl.models.…; the researcher's vocabulary is also at the package root). */
export * from './builders';
export * from './model';
export * from './transformer';
export * from './types';
