export * from './scale';
export * from './claims';
export * from './runner';
export * from './report';
