# A shared GPU dev box for notebook work, and the bucket the fine-tunes write checkpoints to.
resource "google_compute_instance" "devbox" {
  name         = "llm-devbox"
  machine_type = "g2-standard-8" # 1x L4
  zone         = "us-central1-a"

  boot_disk {
    initialize_params {
      image = "deeplearning-platform-release/common-cu121-debian-11"
    }
  }
  network_interface {
    network = "default"
  }
}

resource "aws_s3_bucket" "checkpoints" {
  bucket = "acme-llm-checkpoints"
}
