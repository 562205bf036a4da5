export * from './stack-process';
export * from './synthetic-servers';
export * from './load';
