export * from './figure';
export * from './labels';
export * from './render';
export * from './show';
