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

退出码 Exit codes: 0 成功 ok · 1 命令失败 command failed · 2 用法或配置错误 usage/config error
`;
