"""Fine-tune a ResNet-50 on a folder of product photos (plain PyTorch loop)."""
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

augment = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
])
train_set = datasets.ImageFolder("data/photos/train", transform=augment)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True, num_workers=8, pin_memory=True)

device = "cuda"
model = models.resnet50(weights="IMAGENET1K_V2")
model.fc = nn.Linear(model.fc.in_features, len(train_set.classes))
model = model.to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(20):
    for images, labels in train_loader:
        images, labels = images.to(device, non_blocking=True), labels.to(device, non_blocking=True)
        optimizer.zero_grad()
        with torch.autocast("cuda", dtype=torch.bfloat16):
            loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, "checkpoints/last.pt")
