export * from './select';
export * from './fast-ops';
