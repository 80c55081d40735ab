/** Data: Fashion-MNIST and image patches, State of the Union text and tokenizers, synthetic tasks, seeded batch orders. (reached as tl.data.…; the researcher's vocabulary is also at the package root). */
export * from './batches';
export * from './bpe-tokenizer';
export * from './char-tokenizer';
export * from './fashion-mnist';
export * from './idx';
export * from './images';
export * from './shapes';
export * from './sotu';
export * from './streams';
export * from './synthetic-sequences';
export * from './synthetic-vectors';
export * from './text';
