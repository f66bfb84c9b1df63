"""Train a churn classifier on tabular features (plain PyTorch loop)."""
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_parquet("data/churn_features.parquet")
x = torch.tensor(df.drop(columns=["churned"]).values, dtype=torch.float32)
y = torch.tensor(df["churned"].values, dtype=torch.float32)
loader = DataLoader(TensorDataset(x, y), batch_size=512, shuffle=True)

device = "cuda"
model = nn.Sequential(nn.Linear(x.shape[1], 1024), nn.ReLU(), nn.Linear(1024, 1)).to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
loss_fn = nn.BCEWithLogitsLoss()

for epoch in range(50):
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = loss_fn(model(xb).squeeze(-1), yb)
        loss.backward()
        optimizer.step()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, "checkpoints/last.pt")

torch.save(model.state_dict(), "churn_model.pt")
