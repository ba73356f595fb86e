/**
 * jest `setupFilesAfterEnv` for both projects (jest.config.js): console warnings are captured and
 * must be asserted; an unexpected one fails its test with its text. See ./warnings.
 */
import { installWarningCapture } from './warnings';

installWarningCapture();
