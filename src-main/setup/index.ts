export { SetupService } from './setup-service';
export { createSetupHandlers } from './setup-handlers';
export { chooseStarterModel, STARTER_MODELS, type ModelRoom } from './model-choice';
export { chooseProfile } from './profile-choice';
