/**
 * The one list of Wendu's errors. Every error a user or operator can see has a stable code,
 * a Chinese message (English in `en`) and an HTTP status; the server maps them in one place
 * (src/server/error-handler.ts) and docs/errors.md lists them (a test keeps both in sync).
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  WENDU_VALIDATION: { status: 400, zh: '请求内容不合法', en: 'Invalid request' },
  WENDU_MESSAGE_TOO_LONG: { status: 413, zh: '消息过长，请分几次发送', en: 'Message too long' },
  WENDU_MESSAGE_EMPTY: { status: 400, zh: '消息不能为空', en: 'Message is empty' },
  WENDU_ENTRY_NOT_FOUND: { status: 404, zh: '找不到该知识条目', en: 'Knowledge entry not found' },
  WENDU_VERSION_NOT_FOUND: { status: 404, zh: '找不到该版本', en: 'Version not found' },
  WENDU_ENTRY_CONFLICT: { status: 409, zh: '知识条目已存在', en: 'Knowledge entry already exists' },
  WENDU_IMPORT_INVALID: { status: 422, zh: '导入文件有错误，未写入任何数据', en: 'Import file has errors; nothing was written' },
  WENDU_IMPORT_FORMAT: { status: 415, zh: '不支持的文件格式（支持 CSV、XLSX、JSON）', en: 'Unsupported file format (CSV, XLSX, JSON)' },
  WENDU_FILE_TOO_LARGE: { status: 413, zh: '文件过大', en: 'File too large' },
  WENDU_SYNONYM_INVALID: { status: 400, zh: '同义词组至少需要两个不同的词', en: 'A synonym group needs at least two distinct terms' },
  WENDU_SYNONYM_NOT_FOUND: { status: 404, zh: '找不到该同义词组', en: 'Synonym group not found' },
  WENDU_LEXICON_GROUP_NOT_FOUND: { status: 404, zh: '找不到该内置词库分组', en: 'Shipped lexicon group not found' },
  WENDU_CONVERSATION_NOT_FOUND: { status: 404, zh: '找不到该会话', en: 'Conversation not found' },
  WENDU_FORBIDDEN: { status: 403, zh: '无权访问', en: 'Forbidden' },
  WENDU_STATE_CONFLICT: { status: 409, zh: '会话状态已被更新，请重试', en: 'Conversation state changed concurrently; retry' },
  WENDU_FLOW_NOT_FOUND: { status: 404, zh: '找不到该流程', en: 'Flow not found' },
  WENDU_FLOW_CONFLICT: { status: 409, zh: '流程已存在', en: 'Flow already exists' },
  WENDU_FLOW_INVALID: { status: 422, zh: '流程定义有错误', en: 'Invalid flow definition' },
  WENDU_NOT_FOUND: { status: 404, zh: '页面不存在', en: 'Not found' },
  WENDU_INVALID_JSON: { status: 400, zh: '请求内容不是合法的 JSON', en: 'Request body is not valid JSON' },
  WENDU_BODY_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'Request body too large' },
  WENDU_UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  WENDU_RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  WENDU_UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  WENDU_INVALID_CREDENTIALS: { status: 401, zh: '邮箱或密码不正确', en: 'Wrong e-mail or password' },
  WENDU_LOGIN_THROTTLED: { status: 429, zh: '登录失败次数过多，请稍后再试', en: 'Too many failed logins; try again later' },
  WENDU_PASSWORD_TOO_SHORT: { status: 400, zh: '密码太短', en: 'Password too short' },
  WENDU_USER_NOT_FOUND: { status: 404, zh: '找不到该用户', en: 'User not found' },
  WENDU_USER_CONFLICT: { status: 409, zh: '该邮箱已有账号', en: 'An account with this e-mail already exists' },
  WENDU_API_KEY_NOT_FOUND: { status: 404, zh: '找不到该 API 密钥', en: 'API key not found' },
  WENDU_BOT_NOT_FOUND: { status: 404, zh: '找不到该机器人', en: 'Bot not found' },
  WENDU_HANDOFF_NOT_FOUND: { status: 404, zh: '该会话没有等待或进行中的人工服务', en: 'No queued or assigned hand-off for this conversation' },
  WENDU_HANDOFF_TAKEN: { status: 409, zh: '该会话已被其他客服接入', en: 'Another agent has already taken this conversation' },
  WENDU_OFFER_NOT_FOUND: { status: 404, zh: '没有待您接入的该会话（可能已超时或已被他人接入）', en: 'No open offer of this conversation for you (it may have expired or been taken)' },
  WENDU_AGENT_AT_CAPACITY: { status: 409, zh: '已达到同时接待的上限，请先结束一些会话', en: 'At the limit of conversations at once; close some first' },
  WENDU_AGENT_UNAVAILABLE: { status: 409, zh: '该客服不在线或已满，无法转给他', en: 'That agent is not online or has no free capacity' },
  WENDU_ORIGIN_NOT_ALLOWED: { status: 403, zh: '该网站未被允许接入', en: 'This site is not allowed to use the bot' },
  WENDU_TEXT_INVALID: { status: 400, zh: '内容包含不允许的控制字符', en: 'Text contains forbidden control characters' },
  WENDU_URL_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'Request URL too long' },
  WENDU_HEADERS_TOO_LARGE: { status: 431, zh: '请求头过大', en: 'Request headers too large' },
  WENDU_JSON_TOO_DEEP: { status: 400, zh: 'JSON 嵌套层级过深', en: 'JSON nested too deeply' },
  WENDU_MULTIPART_INVALID: { status: 400, zh: '上传内容不完整或格式不正确', en: 'Malformed or truncated multipart upload' },
  WENDU_PROFILE_EXPIRED: { status: 401, zh: '顾客资料签名已过期', en: 'Signed customer profile has expired' },
  WENDU_DATA_DIR_LOCKED: { status: 500, zh: '数据目录已被另一个 Wendu 服务使用', en: 'The data folder is in use by another Wendu server' },
  WENDU_SERVER_BUSY: { status: 503, zh: '当前咨询人数较多，您的消息已保存，请稍候', en: 'Busy; your message is kept, please wait' },
  WENDU_SERVER_DRAINING: { status: 503, zh: '服务正在切换，消息将在重新连接后自动发送', en: 'This server is shutting down; your message will be sent once you reconnect' },
  WENDU_DATABASE_UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后重试', en: 'Temporarily unavailable; please retry shortly' },
  WENDU_CONTACT_INVALID: { status: 400, zh: '请留下正确的手机号、邮箱或微信号，方便我们联系您', en: 'Please leave a valid phone number, e-mail or WeChat ID' },
  WENDU_TICKET_NOT_FOUND: { status: 404, zh: '找不到该留言工单', en: 'Ticket not found' },
  WENDU_TICKET_CLOSED: { status: 409, zh: '该工单已关闭', en: 'Ticket is closed' },
  WENDU_ANSWER_NOT_FOUND: { status: 404, zh: '这个会话里没有这条机器人回答', en: 'No such bot answer in this conversation' },
  WENDU_CANNED_REPLY_NOT_FOUND: { status: 404, zh: '找不到该快捷回复', en: 'Canned reply not found' },
  WENDU_CANNED_REPLY_CONFLICT: { status: 409, zh: '已有同名的快捷短语', en: 'A canned reply with this shortcut already exists' },
  WENDU_PENDING_QUESTION_NOT_FOUND: { status: 404, zh: '找不到该待审核的相似问', en: 'Pending similar question not found' },
  WENDU_PENDING_QUESTION_NOT_APPROVABLE: { status: 409, zh: '这条记录不能采纳为相似问（已忽略，或不是顾客确认的问法）', en: 'This record cannot be approved as a similar question (dismissed, or not a confirmed phrasing)' },
  WENDU_CUSTOMER_NOT_FOUND: { status: 404, zh: '找不到该顾客', en: 'Customer not found' },
  WENDU_UNRESOLVED_CLUSTER_NOT_FOUND: { status: 404, zh: '找不到该未解决问题分组', en: 'Unresolved question cluster not found' },
  WENDU_UNRESOLVED_CLUSTER_DECIDED: { status: 409, zh: '该分组已处理过（已忽略或已解决）', en: 'This cluster has already been dealt with (dismissed or resolved)' },
  WENDU_LEARNING_NEAR_DUPLICATE: { status: 409, zh: '知识库里已有意思相近的条目，请把这些问法加到该条目，而不是新建重复条目', en: 'The knowledge base already has an entry that means this; attach the phrasings to it instead of creating a near-duplicate' },
  WENDU_REVIEW_NOT_FOUND: { status: 404, zh: '找不到该审核项', en: 'Review item not found' },
  WENDU_REVIEW_DECIDED: { status: 409, zh: '该审核项已处理过（已通过或已驳回）', en: 'This review item has already been decided (approved or rejected)' },
  WENDU_REVIEW_REQUIRED: { status: 409, zh: '本工作区要求双人审核：此操作不能直接发布，请逐条编辑后提交审核', en: 'This workspace requires a second pair of eyes: this cannot be published directly; edit entries one by one and submit them for review' },
  WENDU_REVIEW_SELF_APPROVAL: { status: 403, zh: '本工作区要求双人审核：不能通过自己提交的修改，请由另一位主管或管理员审核', en: 'This workspace requires a second pair of eyes: you cannot approve your own proposal; another supervisor or admin must' },
  WENDU_CONFIG_INVALID: { status: 500, zh: '配置不合法', en: 'Invalid configuration' },
  WENDU_MODEL_INVALID: { status: 500, zh: '模型文件（匹配、情绪或答复先验）不合法，服务无法启动', en: 'A model file (matching, emotion or the answer prior) is invalid; the server cannot start' },
  WENDU_INTERNAL: { status: 500, zh: '服务暂时出了点问题，请稍后再试', en: 'Internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class WenduError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, details?: unknown, message?: string) {
    super(message ?? ERRORS[code].zh);
    this.name = 'WenduError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

export function isWenduError(err: unknown): err is WenduError {
  return err instanceof WenduError;
}
