// The host file operations a face needs for what the user asked it to write (a report bundle, exported
// presets) and where the user's config lives: the platform's own implementations, handed to the faces
// here so no face imports platform/ (issue 10).
export { writeFileAtomic } from '../platform/files/atomic-write.js';
export { configDir } from '../platform/files/config-dir.js';
