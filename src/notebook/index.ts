export * from './scale';
export * from './claims';
export * from './select';
export * from './errors';
export * from './results';
export * from './runner';
export * from './report';
