export * from './majors';
export * from './vocabulary';
export * from './envelope';
export * from './events';
export * from './disputes';
export * from './stages';
export * from './region';
export * from './api';
