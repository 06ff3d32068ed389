/**
 * Imported first by bench/index.ts: ES modules run their imports before their own body, and
 * the SDK and Powertools read these when they load, so setting them later does nothing.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
