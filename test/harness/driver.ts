export * from '../../src/sandbox/driver.ts';
