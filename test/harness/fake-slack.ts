export * from '../../src/sandbox/fake-slack.ts';
