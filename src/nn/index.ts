/** Network building blocks (tfjs): read-in, masks, attention, MLP, readout, LayerNorm, scaled dense layers, initialisation. (reached as tl.nn.…; the researcher's vocabulary is also at the package root). */
export * from './attention';
export * from './init';
export * from './layer-norm';
export * from './masks';
export * from './mlp';
export * from './read-in';
export * from './readout';
export * from './scaled-dense';
