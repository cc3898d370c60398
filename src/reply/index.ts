/**
 * Replies: what the bot says and how — templates with variables, variants chosen by channel,
 * customer and time with rotation, the bot's stock phrases, opt-in promotions and 猜你想问.
 * The dialog engine decides WHAT to do; this folder words it. See docs/replies.md.
 */
export { DEFAULT_TIME_ZONE, inTimeWindow, localTime, parseHhMm, type LocalTime, type TimeWindow } from './local-time.js';
export {
  MAX_VALUE_CHARS,
  lookup,
  readPath,
  renderBlocks,
  renderDataTemplate,
  renderDataUrl,
  renderJson,
  renderTemplate,
  renderUrlTemplate,
  templatePlaceholders,
  type TemplateJson,
  type Placeholder,
  type TemplateScope,
  type TemplateValue,
  type TemplateVars,
} from './templates.js';
export {
  ReplyVariantSchema,
  VariantConditionsSchema,
  chooseVariant,
  specificity,
  variantKey,
  variantMatches,
  type ChosenVariant,
  type ReplyVariant,
  type VariantConditions,
  type VariantContext,
  type VariantCustomer,
} from './variants.js';
export {
  NIGHT_WINDOW,
  PHRASES,
  PHRASE_KEYS,
  VIP_MIN_LEVEL,
  VIP_TAGS,
  renderPhrase,
  type PhraseBook,
  type PhraseKey,
  type PhraseOptions,
  type RenderedPhrase,
} from './phrases.js';
export {
  MAX_PROMOTIONS_PER_CONVERSATION,
  PROMOTION_FREE_CATEGORIES,
  PromotionSchema,
  parsePromotion,
  promotionBlockedBy,
  selectPromotion,
  type Promotion,
  type PromotionContext,
} from './promotions.js';
export { relatedSuggestions, welcomeSuggestions, type HotEntry, type RelatedOptions, type WelcomeOptions } from './suggestions.js';
