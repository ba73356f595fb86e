export * from './synth';
