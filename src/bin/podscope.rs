fn main() {
    std::process::exit(podscope_cli::main());
}

mod podscope_cli {
    pub fn main() -> i32 {
        0
    }
}
