export * from './select';
export * from './fast-ops';
export * from './native-addon';
export * from './native-ops';
export * from './native-kernels';
