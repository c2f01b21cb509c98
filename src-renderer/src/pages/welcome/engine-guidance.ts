export interface EngineOption {
  name: string;
  steps: string[];
}

/** Ways to get a Docker-compatible engine on the user's system, most common first. */
export function engineGuidance(platform: string): EngineOption[] {
  if (platform === 'darwin') {
    return [
      {
        name: 'Docker Desktop',
        steps: [
          'Install Docker Desktop for Mac from docker.com',
          'Open Docker Desktop once and wait until it says it is running',
        ],
      },
      { name: 'Colima', steps: ['brew install colima docker', 'colima start --memory 8'] },
      { name: 'Podman', steps: ['brew install podman', 'podman machine init --memory 8192', 'podman machine start'] },
    ];
  }
  if (platform === 'win32') {
    return [
      {
        name: 'Docker Desktop',
        steps: [
          'Install Docker Desktop for Windows from docker.com (it sets up WSL 2)',
          'Start Docker Desktop and wait until it says it is running',
        ],
      },
      {
        name: 'Podman',
        steps: ['winget install RedHat.Podman', 'podman machine init --memory 8192', 'podman machine start'],
      },
    ];
  }
  return [
    {
      name: 'Docker Engine',
      steps: [
        'sudo apt install docker.io (Debian, Ubuntu) or sudo dnf install moby-engine (Fedora)',
        'sudo systemctl enable --now docker',
        'sudo usermod -aG docker $USER, then log out and in again',
      ],
    },
    {
      name: 'Rootless Docker',
      steps: ['dockerd-rootless-setuptool.sh install', 'systemctl --user enable --now docker'],
    },
    {
      name: 'Podman',
      steps: ['sudo apt install podman (or dnf install podman)', 'systemctl --user enable --now podman.socket'],
    },
    {
      name: 'Docker Desktop',
      steps: ['Install Docker Desktop for Linux from docker.com', 'Start it from the applications menu'],
    },
  ];
}
