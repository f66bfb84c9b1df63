// A realistic 200-cell Jupyter notebook for the bench: an exploration that grows into training, as
// notebooks do. Markdown sections, `%pip`/`!nvidia-smi`/`%%time`/`%%bash` magics, pandas EDA with
// table and plot outputs (small PNGs), a PyTorch loop in fp32 (the cell typed into), an HF Trainer
// fine-tune, and helper cells. `imageBytes` adds one display_data output of that size (base64
// PNG), the "huge outputs" case.

export interface GenCell {
  kind: 'code' | 'markdown';
  source: string;
  outputs?: object[];
}

export interface GenNotebook {
  cells: GenCell[];
  /** Index (among all cells) of the PyTorch training loop cell. */
  loopCell: number;
}

const png = (bytes: number): string => {
  // A PNG header, then filler: the analysis never decodes it, only has to step over it.
  const head = 'iVBORw0KGgoAAAANSUhEUgAA';
  let body = '';
  const chunk = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw';
  while (body.length < bytes) body += chunk;
  return head + body.slice(0, Math.max(0, bytes - head.length));
};

const plotOutput = (bytes: number): object => ({
  output_type: 'display_data',
  data: { 'image/png': png(bytes), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] },
  metadata: {},
});

const tableOutput = (n: number): object => ({
  output_type: 'execute_result',
  execution_count: n,
  data: {
    'text/html': ['<div>\n', '<table border="1" class="dataframe">\n', '  <thead><tr><th></th><th>tenure</th><th>spend</th><th>churned</th></tr></thead>\n', `  <tbody><tr><th>0</th><td>${n}</td><td>12.5</td><td>0</td></tr></tbody>\n`, '</table>\n', '</div>'],
    'text/plain': ['   tenure  spend  churned\n', `0      ${n}   12.5        0`],
  },
  metadata: {},
});

const streamOutput = (text: string): object => ({ output_type: 'stream', name: 'stdout', text: text.split(/(?<=\n)/) });

/** The section of EDA cells repeated through the notebook (13 cells each). */
function edaSection(i: number): GenCell[] {
  return [
    { kind: 'markdown', source: `## ${i + 1}. Features batch ${i}\n\nLoad the export for region ${i}, look at the distributions, keep what predicts churn.` },
    { kind: 'code', source: `df_${i} = pd.read_parquet(f"data/features_{${i}:03d}.parquet")\ndf_${i}.head()`, outputs: [tableOutput(i)] },
    { kind: 'code', source: `df_${i}.describe(include="all").T`, outputs: [tableOutput(i + 1)] },
    {
      kind: 'code',
      source: `missing_${i} = df_${i}.isna().mean().sort_values(ascending=False)\nmissing_${i}[missing_${i} > 0.05]`,
      outputs: [streamOutput(`spend     0.071\nregion    0.052\n`)],
    },
    {
      kind: 'code',
      source: `fig, ax = plt.subplots(figsize=(8, 4))\ndf_${i}.groupby("tenure")["churned"].mean().plot(ax=ax)\nax.set_title("Churn by tenure, batch ${i}")\nplt.show()`,
      outputs: [plotOutput(24_000)],
    },
    { kind: 'code', source: `%%time\nagg_${i} = (\n    df_${i}.groupby(["region", "plan"])\n    .agg(spend=("spend", "sum"), users=("user_id", "nunique"))\n    .reset_index()\n)`, outputs: [streamOutput('CPU times: user 41.2 ms, sys: 3.1 ms, total: 44.3 ms\nWall time: 44.9 ms\n')] },
    {
      kind: 'code',
      source: `def clean_${i}(frame: pd.DataFrame) -> pd.DataFrame:\n    """Drop test accounts and clip outliers (batch ${i})."""\n    frame = frame[~frame["email"].str.endswith("@example.com")]\n    frame["spend"] = frame["spend"].clip(upper=frame["spend"].quantile(0.99))\n    return frame.dropna(subset=["tenure"])`,
    },
    {
      kind: 'code',
      source: [
        `def add_features_${i}(frame: pd.DataFrame) -> pd.DataFrame:`,
        `    """Ratios, recency buckets and plan one-hots for batch ${i}."""`,
        '    frame = frame.copy()',
        '    frame["spend_per_month"] = frame["spend"] / frame["tenure"].clip(lower=1)',
        '    frame["recent"] = (pd.Timestamp("2026-06-30") - pd.to_datetime(frame["last_seen"])).dt.days',
        '    frame["recent_bucket"] = pd.cut(frame["recent"], bins=[-1, 7, 30, 90, 365, 10_000], labels=False)',
        '    for plan in ("free", "pro", "team", "enterprise"):',
        '        frame[f"plan_{plan}"] = (frame["plan"] == plan).astype("int8")',
        '    if "support_tickets" in frame:',
        '        frame["tickets_per_month"] = frame["support_tickets"] / frame["tenure"].clip(lower=1)',
        '    else:',
        '        frame["tickets_per_month"] = 0.0',
        '    frame = frame.drop(columns=["plan", "last_seen"])',
        '    num = frame.select_dtypes("number").columns.difference(["churned", "user_id"])',
        '    frame[num] = (frame[num] - frame[num].mean()) / frame[num].std().replace(0, 1)',
        '    return frame',
        '',
        '',
        `df_${i} = add_features_${i}(clean_${i}(df_${i}))`,
        `print(df_${i}.shape)`,
      ].join('\n'),
      outputs: [streamOutput(`(${10_000 + i}, 31)\n`)],
    },
    { kind: 'code', source: `df_${i} = clean_${i}(df_${i})\nprint(len(df_${i}), "rows after cleaning")`, outputs: [streamOutput(`${10_000 + i} rows after cleaning\n`)] },
    { kind: 'code', source: `!ls -lh data/ | head -5\n%env CUDA_VISIBLE_DEVICES=0` },
    { kind: 'code', source: `features_${i} = [c for c in df_${i}.columns if c not in ("user_id", "email", "churned")]\nlen(features_${i})`, outputs: [tableOutput(40 + i)] },
    { kind: 'markdown', source: `Batch ${i}: spend is right-skewed; tenure explains most of the variance.` },
    { kind: 'code', source: `frames.append(df_${i}[features_${i} + ["churned"]])` },
  ];
}

const IMPORTS: GenCell[] = [
  { kind: 'markdown', source: '# Churn model — exploration to training\n\nOne notebook, from the raw exports to a trained model. Run top to bottom on the GPU box.' },
  { kind: 'code', source: '%pip install -q pandas pyarrow matplotlib torch transformers datasets\n!nvidia-smi', outputs: [streamOutput('| NVIDIA A100-SXM4-40GB  On | 00000000:00:04.0 Off |  0 |\n')] },
  {
    kind: 'code',
    source: 'import os\nimport numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\nimport torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader, TensorDataset\n\n%matplotlib inline\npd.set_option("display.max_columns", 50)\nframes = []',
  },
];

const TORCH: GenCell[] = [
  { kind: 'markdown', source: '## Train the MLP\n\nAll batches together; a plain PyTorch loop.' },
  {
    kind: 'code',
    source:
      'data = pd.concat(frames, ignore_index=True)\nx = torch.tensor(data.drop(columns=["churned"]).values, dtype=torch.float32)\ny = torch.tensor(data["churned"].values, dtype=torch.float32)\nloader = DataLoader(TensorDataset(x, y), batch_size=512, shuffle=True)\n\ndevice = "cuda"\nmodel = nn.Sequential(nn.Linear(x.shape[1], 1024), nn.ReLU(), nn.Linear(1024, 1)).to(device)\noptimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)\nloss_fn = nn.BCEWithLogitsLoss()',
  },
  {
    kind: 'code',
    source:
      '%%time\nfor epoch in range(50):\n    model.train()\n    for xb, yb in loader:\n        xb, yb = xb.to(device), yb.to(device)\n        optimizer.zero_grad()\n        loss = loss_fn(model(xb).squeeze(-1), yb)\n        loss.backward()\n        optimizer.step()\n    print(epoch, loss.item())\n',
    outputs: [streamOutput('0 0.6931\n1 0.5120\n2 0.4473\n')],
  },
  { kind: 'code', source: 'torch.save(model.state_dict(), "churn_model.pt")' },
];

const HF: GenCell[] = [
  { kind: 'markdown', source: '## Fine-tune a text model on the support tickets' },
  { kind: 'code', source: '!pip install -q peft' },
  {
    kind: 'code',
    source:
      'from datasets import load_dataset\nfrom transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments\n\ntokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased")\nclf = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)\ntickets = load_dataset("csv", data_files="data/tickets.csv")\ntickets = tickets.map(lambda b: tokenizer(b["text"], truncation=True), batched=True)',
  },
  {
    kind: 'code',
    source:
      'args = TrainingArguments(\n    output_dir="/tmp/tickets-out",\n    num_train_epochs=3,\n    per_device_train_batch_size=32,\n    save_strategy="epoch",\n    logging_steps=50,\n)\ntrainer = Trainer(model=clf, args=args, train_dataset=tickets["train"], tokenizer=tokenizer)',
  },
  { kind: 'code', source: 'trainer.train()', outputs: [streamOutput("{'loss': 0.4127, 'learning_rate': 4.2e-05, 'epoch': 0.5}\n")] },
  { kind: 'code', source: '%%bash\ndu -sh /tmp/tickets-out\nls /tmp/tickets-out' },
];

/** `cells` cells (200 by default): imports, EDA sections, the PyTorch loop in the middle, HF at the end. */
export function notebookOf(cells = 200): GenNotebook {
  const out: GenCell[] = [...IMPORTS];
  let section = 0;
  const fill = (upTo: number) => {
    while (out.length < upTo) out.push(...edaSection(section++).slice(0, upTo - out.length));
  };
  fill(Math.floor(cells / 2) - TORCH.length);
  const loopCell = out.length + 2;
  out.push(...TORCH);
  fill(cells - HF.length);
  out.push(...HF);
  return { cells: out, loopCell };
}

/** nbformat 4 JSON as Jupyter writes it (one-space indent, sources as line arrays). */
export function ipynbOf(nb: GenNotebook, imageBytes = 0): string {
  const cells = nb.cells.map((c, i) => {
    const source = c.source.split(/(?<=\n)/);
    if (c.kind === 'markdown') return { cell_type: 'markdown', metadata: {}, source };
    const outputs = [...(c.outputs ?? [])];
    if (imageBytes && i === nb.loopCell) outputs.push(plotOutput(imageBytes)); // the loss curve, at full resolution
    return { cell_type: 'code', execution_count: i + 1, metadata: {}, outputs, source };
  });
  return (
    JSON.stringify(
      {
        cells,
        metadata: {
          kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
          language_info: { name: 'python', version: '3.11.8', mimetype: 'text/x-python', file_extension: '.py' },
        },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n'
  );
}
