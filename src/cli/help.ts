/** `wendu --help`: Chinese first, English beside it. */
export const HELP = `温度 Wendu — 开源智能客服 (open-source customer-service bot)

用法 Usage:
  wendu serve  [--port N] [--host H] [--demo] [--data DIR]
                 启动服务（默认 http://127.0.0.1:3000，仅本机）  start the HTTP server
                 (loopback only unless --host / HOST, e.g. 0.0.0.0)
  wendu import FILE [--partial] [--data DIR]
                 导入知识（CSV / XLSX / JSON），有错误时不写入任何数据；
                 --partial 只写入正确的行
                 import knowledge; nothing is written if any row is bad,
                 unless --partial (then the valid rows are written)
  wendu export FILE [--data DIR]
                 导出全部知识，格式由扩展名决定（.csv .xlsx .json）
                 export every entry; format from the file extension
  wendu ask "问题" [--data DIR] [--demo]
                 问一个问题，以 JSON 打印机器人的决策
                 ask one question and print the bot's decision as JSON
  wendu similar "问法一" "问法二" [--data DIR]
                 判断两个问法是否同义，打印相似度 JSON
                 print how similar two questions are (JSON)
  wendu bench    运行准确率与速度基准 (run the benchmarks: npm run bench)
  wendu user add EMAIL --role admin|supervisor|agent [--password P] [--name NAME]
                 [--workspace ID] [--data DIR]
                 创建账号（第一个管理员就这样创建）；密码也可来自 WENDU_PASSWORD 或终端输入；
                 --workspace 默认为默认工作区，不存在时会新建
                 create an account (the first admin is made this way); password also from
                 WENDU_PASSWORD or a hidden prompt; an unknown --workspace is created
  wendu user list [--data DIR]
                 列出所有账号（不显示密码） list accounts (never passwords)
  wendu user passwd EMAIL [--password P] [--data DIR]
                 修改密码，该用户已有的登录全部失效 set a password; ends the user's sessions
  wendu customer export ID [--workspace W] [--data DIR]
                 打印一位顾客的全部数据（JSON）print everything stored about a customer
  wendu customer erase ID [--workspace W] [--data DIR]
                 删除一位顾客的全部数据 erase a customer everywhere (ID: customer id or external id)

通用选项 Common options:
  --data DIR     数据目录（默认 ./data，或环境变量 WENDU_DATA）
                 data folder (default ./data, or WENDU_DATA)
  --demo         知识库为空时载入演示知识库（已有数据时不会混入）
                 load the demo knowledge base into an EMPTY knowledge base only
  -h, --help     显示本帮助 (show this help)

环境变量 Environment:
  PORT           端口 (port), 默认 3000
  HOST           监听地址 (address), 默认 127.0.0.1；对外开放用 0.0.0.0
  WENDU_DATA     数据目录 (data folder)
  DATABASE_URL   postgres://… 使用 PostgreSQL 代替内置 SQLite (use PostgreSQL)
  LOG_LEVEL      日志级别 fatal|error|warn|info|debug|trace|silent
  REDIS_URL      redis://… 多个实例共用限流预算 (share rate-limit budgets between instances)
  WENDU_TRUST_PROXY  代理跳数（如 1）或代理地址列表 (proxy hops, or proxy addresses/CIDRs)
  WENDU_CHAT_BURST 等限流预算见 docs/limits-and-browsers.md (rate-limit budgets)
  WENDU_PASSWORD wendu user add / passwd 的密码 (password for user add / passwd)
  WENDU_TOKEN_TTL_HOURS  登录有效期（小时，默认 12）login session lifetime in hours

退出码 Exit codes: 0 成功 ok · 1 命令失败 command failed · 2 用法或配置错误 usage/config error
`;
