import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

/*
 * The run-time schemas use `zod/mini`: the same validation core as `zod` in a fraction of the
 * code, which matters for the Lambda bundles' cold start (`npm run bench:slack`). Unlike `zod`,
 * the mini build sets no locale, so every issue without an explicit message would read "Invalid
 * input". Importing this module gives them zod's English messages, exactly what `zod` prints.
 * The setting is zod's one global configuration, the same one `zod` sets itself when loaded.
 */
config(en());
