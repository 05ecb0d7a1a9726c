export * from '../../src/sandbox/block-limits.ts';
