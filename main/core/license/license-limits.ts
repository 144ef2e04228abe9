/**
 * Size limits for license files, with no imports so the renderer can share them.
 *
 * The self-hosted server refuses an upload whose whole request `Content-Length` exceeds 51,200 bytes
 * (`src/Api/Utilities/ApiHelpers.cs`, `ReadJsonFileFromBody`).
 */
export const SERVER_UPLOAD_REQUEST_LIMIT_BYTES = 51_200;

/**
 * Files above this are not read at all (`file-too-large`, CLI exit 2) by the app, the CLI or a drop on
 * the page. Real licenses are a few KB; files between the upload limit and this are read and
 * inspected, so the admin sees the `too-large` finding rather than a refusal.
 */
export const LICENSE_FILE_READ_MAX_BYTES = 1024 * 1024;
