export * from './fake-google-metadata';
export * from './fake-vertex';
